# dev: everything on one small cluster (kind, k3d, minikube): single-node Kafka and PostgreSQL, standalone MinIO.
# Then: kubectl apply -k knative/overlays/dev (see the README's deploy guide).

provider "kubernetes" {
  config_path    = var.kubeconfig_path
  config_context = var.kube_context
}

provider "helm" {
  kubernetes = {
    config_path    = var.kubeconfig_path
    config_context = var.kube_context
  }
}

provider "kubectl" {
  config_path      = var.kubeconfig_path
  config_context   = var.kube_context
  load_config_file = true
}

# The application's namespace: knative/ deploys into it, the database and the S3 credentials live in it.
resource "kubernetes_namespace" "tickcast" {
  metadata {
    name = "tickcast"
    labels = {
      # SinkBinding injects K_SINK only where bindings are included
      "bindings.knative.dev/include" = "true"
    }
  }
}

module "knative" {
  source = "../../modules/knative"

  domain                            = var.domain
  registries_skipping_tag_resolving = ["kind.local", "ko.local", "dev.local", var.local_registry]
}

module "kafka" {
  source = "../../modules/strimzi-kafka"

  replicas     = 1
  storage_size = "5Gi"
}

module "postgres" {
  source = "../../modules/cloudnative-pg"

  namespace    = kubernetes_namespace.tickcast.metadata[0].name
  instances    = 1
  storage_size = "5Gi"
}

module "s3" {
  source = "../../modules/minio"

  app_namespace = kubernetes_namespace.tickcast.metadata[0].name
  mode          = "standalone"
  storage_size  = "5Gi"
}

module "observability" {
  source = "../../modules/observability"

  dashboards_dir = "${path.root}/../../../../observability/grafana/dashboards"
  retention      = "72h"
}
