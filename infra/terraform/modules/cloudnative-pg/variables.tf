variable "chart_version" {
  type        = string
  description = "Version of the cloudnative-pg operator Helm chart (https://cloudnative-pg.github.io/charts); pinned, upgrade deliberately."
  default     = "0.26.1"
}

variable "operator_namespace" {
  type        = string
  description = "Namespace of the CloudNativePG operator."
  default     = "cnpg-system"
}

variable "namespace" {
  type        = string
  description = "Namespace of the database cluster: the application's namespace, so that its pods can read the generated <cluster>-app Secret."
}

variable "cluster_name" {
  type        = string
  description = "Name of the PostgreSQL cluster; services <name>-rw / -ro and the Secret <name>-app follow from it (knative/ expects \"tickcast-db\")."
  default     = "tickcast-db"
}

variable "database" {
  type        = string
  description = "Name of the application database, also its owner role."
  default     = "tickcast"
}

variable "postgres_image" {
  type        = string
  description = "PostgreSQL operand image (the local stack runs PostgreSQL 18); pinned by tag."
  default     = "ghcr.io/cloudnative-pg/postgresql:18.0"
}

variable "instances" {
  type        = number
  description = "PostgreSQL instances: 1 for dev, 3 for prod (a primary and two synchronous-capable replicas)."
  default     = 1

  validation {
    condition     = var.instances >= 1
    error_message = "instances must be at least 1."
  }
}

variable "storage_size" {
  type        = string
  description = "Persistent volume size per instance, as a Kubernetes quantity."
  default     = "10Gi"
}

variable "storage_class" {
  type        = string
  description = "StorageClass of the database volumes; null uses the cluster's default."
  default     = null
}

variable "parameters" {
  type        = map(string)
  description = "postgresql.conf parameters for the cluster."
  default = {
    max_connections = "200"
    shared_buffers  = "256MB"
  }
}
