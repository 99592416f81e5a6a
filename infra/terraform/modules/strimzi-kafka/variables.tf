variable "chart_version" {
  type        = string
  description = "Version of the strimzi-kafka-operator Helm chart (oci://quay.io/strimzi-helm); pinned, upgrade deliberately."
  default     = "0.48.0"
}

variable "namespace" {
  type        = string
  description = "Namespace of the operator and the Kafka cluster."
  default     = "kafka"
}

variable "cluster_name" {
  type        = string
  description = "Name of the Kafka cluster; its bootstrap service is <cluster_name>-kafka-bootstrap (knative/ expects \"tickcast\")."
  default     = "tickcast"
}

variable "kafka_version" {
  type        = string
  description = "Apache Kafka version Strimzi runs (one the chart_version supports)."
  default     = "4.1.0"
}

variable "replicas" {
  type        = number
  description = "Kafka nodes, each both KRaft controller and broker: 1 for dev, 3 for prod (replication factor 3, min.insync.replicas 2)."
  default     = 1

  validation {
    condition     = var.replicas == 1 || var.replicas >= 3
    error_message = "replicas must be 1 (no replication) or at least 3 (a quorum and min.insync.replicas = 2)."
  }
}

variable "storage_size" {
  type        = string
  description = "Persistent volume size per Kafka node, as a Kubernetes quantity (e.g. \"20Gi\")."
  default     = "10Gi"
}

variable "storage_class" {
  type        = string
  description = "StorageClass of the Kafka volumes; null uses the cluster's default."
  default     = null
}

variable "resources" {
  type = object({
    cpu_request    = string
    memory_request = string
    memory_limit   = string
  })
  description = "CPU and memory of each Kafka node."
  default = {
    cpu_request    = "250m"
    memory_request = "1Gi"
    memory_limit   = "2Gi"
  }
}
