output "host" {
  description = "Read-write service of the cluster (the current primary)."
  value       = "${var.cluster_name}-rw.${var.namespace}.svc.cluster.local"
}

output "reactive_url" {
  description = "URL for QUARKUS_DATASOURCE_REACTIVE_URL (Hibernate Reactive, the functions)."
  value       = "postgresql://${var.cluster_name}-rw.${var.namespace}.svc.cluster.local:5432/${var.database}"
}

output "jdbc_url" {
  description = "URL for TICKCAST_DB_JDBC_URL (the migrations Job, Flyway)."
  value       = "jdbc:postgresql://${var.cluster_name}-rw.${var.namespace}.svc.cluster.local:5432/${var.database}"
}

output "credentials_secret" {
  description = "Secret CloudNativePG generates with the owner's username and password (keys username, password)."
  value       = "${var.cluster_name}-app"
}
