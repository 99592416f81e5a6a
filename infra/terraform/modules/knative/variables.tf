variable "operator_chart_version" {
  type        = string
  description = "Version of the knative-operator Helm chart (https://knative.github.io/operator); pinned, upgrade deliberately."
  default     = "v1.19.6"
}

variable "knative_version" {
  type        = string
  description = "Knative Serving and Eventing version the operator installs (major.minor, e.g. \"1.19\"); must be one the operator chart supports."
  default     = "1.19"
}

variable "kafka_extension_version" {
  type        = string
  description = "Release of knative-extensions/eventing-kafka-broker (Kafka broker, KafkaSink) installed beside Eventing; same minor as knative_version."
  default     = "1.19.0"
}

variable "domain" {
  type        = string
  description = "DNS domain under which Knative Services get their URLs (<service>.<namespace>.<domain>), e.g. \"127.0.0.1.sslip.io\" on a laptop."
}

variable "registries_skipping_tag_resolving" {
  type        = list(string)
  description = "Registries whose image tags Knative does not resolve to digests (local registries without TLS)."
  default     = ["kind.local", "ko.local", "dev.local"]
}

variable "high_availability_replicas" {
  type        = number
  description = "Replicas of Knative's control-plane components (1 for dev, 2 or more for prod)."
  default     = 1

  validation {
    condition     = var.high_availability_replicas >= 1
    error_message = "high_availability_replicas must be at least 1."
  }
}
