variable "kubeconfig_path" {
  type        = string
  description = "Kubeconfig of the production cluster."
  default     = "~/.kube/config"
}

variable "kube_context" {
  type        = string
  description = "Context in the kubeconfig that names the production cluster (required, so that prod is never applied to the current context by accident)."
}

variable "domain" {
  type        = string
  description = "DNS domain of the public Knative URLs (a wildcard record *.tickcast.<domain> points at Kourier's load balancer)."
}

variable "storage_class" {
  type        = string
  description = "StorageClass for Kafka and PostgreSQL volumes (SSD-backed); null uses the cluster's default."
  default     = null
}
