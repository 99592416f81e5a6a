variable "kubeconfig_path" {
  type        = string
  description = "Kubeconfig of the target cluster."
  default     = "~/.kube/config"
}

variable "kube_context" {
  type        = string
  description = "Context in the kubeconfig to use (e.g. \"kind-tickcast\"); null uses the current context."
  default     = null
}

variable "domain" {
  type        = string
  description = "DNS domain of the Knative Services' URLs; sslip.io resolves <anything>.127.0.0.1.sslip.io to 127.0.0.1."
  default     = "127.0.0.1.sslip.io"
}

variable "local_registry" {
  type        = string
  description = "Registry the dev images are pushed to and pulled from without TLS (the dev overlay of knative/ uses localhost:5001)."
  default     = "localhost:5001"
}
