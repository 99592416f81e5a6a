# prod: three Kafka nodes (replication 3, min ISR 2), three PostgreSQL instances, distributed MinIO,
# Knative's control plane in two replicas. Then: kubectl apply -k knative/overlays/prod.

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

resource "kubernetes_namespace" "tickcast" {
  metadata {
    name = "tickcast"
    labels = {
      "bindings.knative.dev/include" = "true"
    }
  }
}

module "knative" {
  source = "../../modules/knative"

  domain                     = var.domain
  high_availability_replicas = 2
}

module "kafka" {
  source = "../../modules/strimzi-kafka"

  replicas      = 3
  storage_size  = "50Gi"
  storage_class = var.storage_class
  resources = {
    cpu_request    = "1"
    memory_request = "4Gi"
    memory_limit   = "4Gi"
  }
}

module "postgres" {
  source = "../../modules/cloudnative-pg"

  namespace     = kubernetes_namespace.tickcast.metadata[0].name
  instances     = 3
  storage_size  = "50Gi"
  storage_class = var.storage_class
  parameters = {
    max_connections = "300"
    shared_buffers  = "1GB"
  }
}

module "s3" {
  source = "../../modules/minio"

  app_namespace = kubernetes_namespace.tickcast.metadata[0].name
  mode          = "distributed"
  replicas      = 4
  storage_size  = "50Gi"
}

module "observability" {
  source = "../../modules/observability"

  dashboards_dir     = "${path.root}/../../../../observability/grafana/dashboards"
  collector_replicas = 2
  retention          = "720h"
}
