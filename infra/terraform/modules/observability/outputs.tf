output "otlp_endpoint" {
  description = "OTLP/gRPC endpoint of the collector, for QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT."
  value       = "http://otel-collector.${var.namespace}.svc.cluster.local:4317"
}

output "grafana_service" {
  description = "Grafana's Service (port 80): kubectl -n <namespace> port-forward svc/grafana 3000:80, then http://localhost:3000."
  value       = "grafana.${var.namespace}.svc.cluster.local"
}

output "grafana_admin_secret" {
  description = "Secret holding Grafana's generated admin user and password (keys admin-user, admin-password)."
  value       = kubernetes_secret.grafana_admin.metadata[0].name
}

output "dashboards" {
  description = "Dashboards loaded from dashboards_dir."
  value       = sort(tolist(local.dashboards))
}
