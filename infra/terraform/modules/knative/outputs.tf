output "serving_namespace" {
  description = "Namespace of Knative Serving's control plane."
  value       = "knative-serving"
}

output "eventing_namespace" {
  description = "Namespace of Knative Eventing's control plane and the Kafka broker's data plane."
  value       = "knative-eventing"
}

output "kafka_broker_ingress" {
  description = "Base URL of the Kafka broker ingress; a broker <name> in namespace <ns> receives events at <this>/<ns>/<name>."
  value       = "http://kafka-broker-ingress.knative-eventing.svc.cluster.local"
}

output "domain" {
  description = "DNS domain of the Knative Services' public URLs."
  value       = var.domain
}
