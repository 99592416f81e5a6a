# An S3-compatible bucket for the model registry: MinIO with a versioned bucket and one least-privilege user
# for Tickcast. Its generated credentials go into a Secret in the application namespace (keys access-key,
# secret-key), read by secretKeyRef. On a cloud, an S3 bucket and an IAM user can replace this module as long
# as the same Secret and TICKCAST_S3_* settings are provided.

resource "random_password" "root" {
  length  = 32
  special = false
}

resource "random_password" "app" {
  length  = 40
  special = false
}

resource "kubernetes_namespace" "minio" {
  metadata {
    name = var.namespace
  }
}

resource "kubernetes_secret" "root" {
  metadata {
    name      = "minio-root"
    namespace = kubernetes_namespace.minio.metadata[0].name
  }
  data = {
    rootUser     = "tickcast-admin"
    rootPassword = random_password.root.result
  }
}

resource "kubernetes_secret" "app_user" {
  metadata {
    name      = "minio-tickcast-user"
    namespace = kubernetes_namespace.minio.metadata[0].name
  }
  data = {
    secretKey = random_password.app.result
  }
}

resource "helm_release" "minio" {
  name       = "minio"
  repository = "https://charts.min.io/"
  chart      = "minio"
  version    = var.chart_version
  namespace  = kubernetes_namespace.minio.metadata[0].name
  wait       = true

  values = [yamlencode({
    fullnameOverride = "minio"
    mode             = var.mode
    replicas         = var.mode == "distributed" ? var.replicas : 1
    existingSecret   = kubernetes_secret.root.metadata[0].name
    persistence      = { size = var.storage_size }
    resources        = { requests = { memory = "512Mi" } }
    buckets = [
      { name = var.bucket, policy = "none", purge = false, versioning = true },
    ]
    policies = [{
      name = "tickcast-models"
      statements = [
        {
          effect    = "Allow"
          resources = ["arn:aws:s3:::${var.bucket}", "arn:aws:s3:::${var.bucket}/*"]
          actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"]
        },
      ]
    }]
    users = [{
      accessKey         = "tickcast"
      existingSecret    = kubernetes_secret.app_user.metadata[0].name
      existingSecretKey = "secretKey"
      policy            = "tickcast-models"
    }]
  })]
}

resource "kubernetes_secret" "app_credentials" {
  metadata {
    name      = var.credentials_secret
    namespace = var.app_namespace
  }
  data = {
    access-key = "tickcast"
    secret-key = random_password.app.result
  }
}
