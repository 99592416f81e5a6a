variable "namespace" {
  type        = string
  description = "Namespace of the collector and the Grafana stack."
  default     = "observability"
}

variable "collector_chart_version" {
  type        = string
  description = "Version of the opentelemetry-collector Helm chart (https://open-telemetry.github.io/opentelemetry-helm-charts); pinned."
  default     = "0.127.2"
}

variable "lgtm_chart_version" {
  type        = string
  description = "Version of the grafana/lgtm-distributed Helm chart (Grafana, Loki, Tempo, Mimir; https://grafana.github.io/helm-charts); pinned."
  default     = "2.1.0"
}

variable "dashboards_dir" {
  type        = string
  description = "Folder of Grafana dashboards as <topic>.json (the repository's observability/grafana/dashboards); each becomes a ConfigMap Grafana's sidecar loads. May be empty."
}

variable "collector_replicas" {
  type        = number
  description = "Replicas of the OpenTelemetry collector (a Deployment; the functions send OTLP to its Service)."
  default     = 1
}

variable "retention" {
  type        = string
  description = "How long traces, metrics and logs are kept, as a duration (e.g. \"168h\")."
  default     = "168h"
}
