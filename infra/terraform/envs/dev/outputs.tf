output "kafka_bootstrap_servers" {
  description = "Kafka bootstrap address; must equal bootstrap.servers in knative/base/broker/broker-config.yaml."
  value       = module.kafka.bootstrap_servers
}

output "database_reactive_url" {
  description = "PostgreSQL URL for the functions; must equal QUARKUS_DATASOURCE_REACTIVE_URL in knative/base/config/tickcast-config.yaml."
  value       = module.postgres.reactive_url
}

output "database_credentials_secret" {
  description = "Secret with the database owner's credentials in namespace tickcast."
  value       = module.postgres.credentials_secret
}

output "s3_endpoint" {
  description = "S3 endpoint of the model registry; must equal TICKCAST_S3_ENDPOINT in knative/base/config/tickcast-config.yaml."
  value       = module.s3.endpoint
}

output "otlp_endpoint" {
  description = "OpenTelemetry collector endpoint; must equal QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT in knative/base/config/tickcast-config.yaml."
  value       = module.observability.otlp_endpoint
}

output "grafana" {
  description = "How to open Grafana."
  value       = "kubectl -n observability port-forward svc/grafana 3000:80, then http://localhost:3000 (user admin, password: kubectl -n observability get secret ${module.observability.grafana_admin_secret} -o jsonpath='{.data.admin-password}' | base64 -d)"
}
