variable "chart_version" {
  type        = string
  description = "Version of the minio Helm chart (https://charts.min.io/); pinned, upgrade deliberately."
  default     = "5.4.0"
}

variable "namespace" {
  type        = string
  description = "Namespace of the MinIO server."
  default     = "minio"
}

variable "app_namespace" {
  type        = string
  description = "Namespace of the workloads that use the bucket; the Secret with their S3 credentials is created there."
}

variable "bucket" {
  type        = string
  description = "Bucket of the model registry (models/<pair>/<version>/... and the champion pointer); versioned."
  default     = "tickcast-models"
}

variable "credentials_secret" {
  type        = string
  description = "Name of the Secret (keys access-key, secret-key) created in app_namespace for the workloads (knative/ expects \"tickcast-s3\")."
  default     = "tickcast-s3"
}

variable "mode" {
  type        = string
  description = "\"standalone\" (one server, dev) or \"distributed\" (erasure-coded over replicas servers, prod)."
  default     = "standalone"

  validation {
    condition     = contains(["standalone", "distributed"], var.mode)
    error_message = "mode must be \"standalone\" or \"distributed\"."
  }
}

variable "replicas" {
  type        = number
  description = "MinIO servers in distributed mode (at least 4); ignored in standalone mode."
  default     = 4
}

variable "storage_size" {
  type        = string
  description = "Persistent volume size per MinIO server, as a Kubernetes quantity."
  default     = "10Gi"
}
