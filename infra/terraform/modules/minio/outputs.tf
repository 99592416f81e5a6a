output "endpoint" {
  description = "S3 endpoint inside the cluster, for TICKCAST_S3_ENDPOINT (path-style access)."
  value       = "http://minio.${var.namespace}.svc.cluster.local:9000"
}

output "bucket" {
  description = "Bucket of the model registry, for TICKCAST_S3_BUCKET."
  value       = var.bucket
}

output "credentials_secret" {
  description = "Secret in app_namespace holding the workloads' S3 credentials (keys access-key, secret-key)."
  value       = kubernetes_secret.app_credentials.metadata[0].name
}
