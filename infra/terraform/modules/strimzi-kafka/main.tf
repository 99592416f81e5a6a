# Kafka for the Knative Kafka broker: the Strimzi operator, then one KRaft cluster whose nodes are both
# controllers and brokers (a KafkaNodePool), no ZooKeeper.

locals {
  replication = var.replicas >= 3 ? 3 : 1
  min_isr     = var.replicas >= 3 ? 2 : 1
}

resource "helm_release" "operator" {
  name             = "strimzi-kafka-operator"
  repository       = "oci://quay.io/strimzi-helm"
  chart            = "strimzi-kafka-operator"
  version          = var.chart_version
  namespace        = var.namespace
  create_namespace = true
  wait             = true

  values = [yamlencode({
    watchNamespaces = []
  })]
}

resource "kubectl_manifest" "node_pool" {
  depends_on = [helm_release.operator]

  yaml_body = yamlencode({
    apiVersion = "kafka.strimzi.io/v1beta2"
    kind       = "KafkaNodePool"
    metadata = {
      name      = "dual-role"
      namespace = var.namespace
      labels    = { "strimzi.io/cluster" = var.cluster_name }
    }
    spec = {
      replicas = var.replicas
      roles    = ["controller", "broker"]
      storage = {
        type = "jbod"
        volumes = [merge({
          id            = 0
          type          = "persistent-claim"
          size          = var.storage_size
          deleteClaim   = false
          kraftMetadata = "shared"
        }, var.storage_class == null ? {} : { class = var.storage_class })]
      }
      resources = {
        requests = { cpu = var.resources.cpu_request, memory = var.resources.memory_request }
        limits   = { memory = var.resources.memory_limit }
      }
    }
  })
}

resource "kubectl_manifest" "cluster" {
  depends_on = [kubectl_manifest.node_pool]

  # the broker config of knative/ points at this cluster: wait until Strimzi reports it ready
  wait_for {
    condition {
      type   = "Ready"
      status = "True"
    }
  }

  yaml_body = yamlencode({
    apiVersion = "kafka.strimzi.io/v1beta2"
    kind       = "Kafka"
    metadata = {
      name      = var.cluster_name
      namespace = var.namespace
      annotations = {
        "strimzi.io/node-pools" = "enabled"
        "strimzi.io/kraft"      = "enabled"
      }
    }
    spec = {
      kafka = {
        version = var.kafka_version
        listeners = [
          { name = "plain", port = 9092, type = "internal", tls = false },
        ]
        config = {
          "offsets.topic.replication.factor"         = local.replication
          "transaction.state.log.replication.factor" = local.replication
          "transaction.state.log.min.isr"            = local.min_isr
          "default.replication.factor"               = local.replication
          "min.insync.replicas"                      = local.min_isr
        }
      }
      entityOperator = {
        topicOperator = {}
      }
    }
  })
}
