# Knative Serving (Kourier ingress) and Knative Eventing with the Kafka broker and KafkaSink, all through the
# Knative Operator so that one chart version and two custom resources describe the whole platform.

locals {
  kafka_release = "https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v${var.kafka_extension_version}"
}

resource "helm_release" "operator" {
  name             = "knative-operator"
  repository       = "https://knative.github.io/operator"
  chart            = "knative-operator"
  version          = var.operator_chart_version
  namespace        = "knative-operator"
  create_namespace = true
  wait             = true
}

resource "kubectl_manifest" "serving_namespace" {
  yaml_body = yamlencode({
    apiVersion = "v1"
    kind       = "Namespace"
    metadata   = { name = "knative-serving" }
  })
}

resource "kubectl_manifest" "eventing_namespace" {
  yaml_body = yamlencode({
    apiVersion = "v1"
    kind       = "Namespace"
    metadata   = { name = "knative-eventing" }
  })
}

resource "kubectl_manifest" "serving" {
  depends_on = [helm_release.operator, kubectl_manifest.serving_namespace]

  yaml_body = yamlencode({
    apiVersion = "operator.knative.dev/v1beta1"
    kind       = "KnativeServing"
    metadata   = { name = "knative-serving", namespace = "knative-serving" }
    spec = {
      version           = var.knative_version
      high-availability = { replicas = var.high_availability_replicas }
      ingress           = { kourier = { enabled = true } }
      config = {
        network    = { "ingress-class" = "kourier.ingress.networking.knative.dev" }
        domain     = { (var.domain) = "" }
        deployment = { "registries-skipping-tag-resolving" = join(",", var.registries_skipping_tag_resolving) }
        # Tickcast's functions are cluster-local unless labelled otherwise; scale-to-zero stays on for the stateless
        autoscaler = { "enable-scale-to-zero" = "true" }
      }
    }
  })
}

resource "kubectl_manifest" "eventing" {
  depends_on = [helm_release.operator, kubectl_manifest.eventing_namespace]

  yaml_body = yamlencode({
    apiVersion = "operator.knative.dev/v1beta1"
    kind       = "KnativeEventing"
    metadata   = { name = "knative-eventing", namespace = "knative-eventing" }
    spec = {
      version           = var.knative_version
      high-availability = { replicas = var.high_availability_replicas }
      # the Kafka broker's control and data plane, and KafkaSink (the dead-letter sink), pinned to one release
      additionalManifests = [
        { URL = "${local.kafka_release}/eventing-kafka-controller.yaml" },
        { URL = "${local.kafka_release}/eventing-kafka-broker.yaml" },
        { URL = "${local.kafka_release}/eventing-kafka-sink.yaml" },
      ]
      config = {
        # Trigger delivery timeouts (ordered consumers must not wait forever on one event)
        features = { "delivery-timeout" = "enabled" }
      }
    }
  })
}
