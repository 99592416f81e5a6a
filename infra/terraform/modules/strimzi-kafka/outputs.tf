output "bootstrap_servers" {
  description = "Plain-text bootstrap address of the Kafka cluster inside the cluster (the broker config in knative/ uses it)."
  value       = "${var.cluster_name}-kafka-bootstrap.${var.namespace}.svc.cluster.local:9092"
}

output "namespace" {
  description = "Namespace of the Kafka cluster."
  value       = var.namespace
}

output "replication_factor" {
  description = "Replication factor topics should use on this cluster (1 for a single node, 3 otherwise)."
  value       = local.replication
}
