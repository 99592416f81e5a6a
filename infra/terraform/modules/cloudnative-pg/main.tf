# PostgreSQL through CloudNativePG: the operator, then one Cluster whose initdb creates the application
# database and owner. CloudNativePG generates the owner's password into the Secret <cluster>-app (keys
# username, password, jdbc-uri, uri, ...), which the workloads read by secretKeyRef: no password is in
# Terraform's variables or in the repository. The schema itself is applied by the migrations Job of knative/.

resource "helm_release" "operator" {
  name             = "cloudnative-pg"
  repository       = "https://cloudnative-pg.github.io/charts"
  chart            = "cloudnative-pg"
  version          = var.chart_version
  namespace        = var.operator_namespace
  create_namespace = true
  wait             = true
}

resource "kubectl_manifest" "cluster" {
  depends_on = [helm_release.operator]

  wait_for {
    condition {
      type   = "Ready"
      status = "True"
    }
  }

  yaml_body = yamlencode({
    apiVersion = "postgresql.cnpg.io/v1"
    kind       = "Cluster"
    metadata = {
      name      = var.cluster_name
      namespace = var.namespace
    }
    spec = {
      instances = var.instances
      imageName = var.postgres_image
      storage = merge({ size = var.storage_size },
      var.storage_class == null ? {} : { storageClass = var.storage_class })
      bootstrap = {
        initdb = {
          database = var.database
          owner    = var.database
        }
      }
      postgresql = {
        parameters = var.parameters
      }
    }
  })
}
