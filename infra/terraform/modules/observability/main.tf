# Telemetry: the functions send OTLP to one OpenTelemetry collector, which forwards traces to Tempo, metrics to
# Mimir (remote write, as observability/otel-collector/config.yaml) and logs to Loki; Grafana reads all three with
# data sources provisioned under the uids the dashboards use (as observability/grafana/provisioning/datasources
# does) and loads the repository's dashboards through its sidecar. Grafana's admin password is generated, never in
# the repo.

locals {
  release = "lgtm"
  # service names of the lgtm-distributed chart for release "lgtm"
  tempo_otlp = "${local.release}-tempo-distributor.${var.namespace}.svc.cluster.local:4317"
  # remote write, not Mimir's OTLP endpoint: the Prometheus exporter's naming (_total, _seconds) is what the
  # dashboards and alert rules query (see observability/otel-collector/config.yaml)
  mimir_remote_write = "http://${local.release}-mimir-nginx.${var.namespace}.svc.cluster.local/api/v1/push"
  loki_otlp          = "http://${local.release}-loki-gateway.${var.namespace}.svc.cluster.local/otlp"
  dashboards         = fileset(var.dashboards_dir, "*.json")
}

resource "kubernetes_namespace" "observability" {
  metadata {
    name = var.namespace
  }
}

resource "random_password" "grafana_admin" {
  length  = 24
  special = false
}

resource "kubernetes_secret" "grafana_admin" {
  metadata {
    name      = "grafana-admin"
    namespace = kubernetes_namespace.observability.metadata[0].name
  }
  data = {
    admin-user     = "admin"
    admin-password = random_password.grafana_admin.result
  }
}

resource "kubernetes_config_map" "dashboards" {
  for_each = local.dashboards

  metadata {
    name      = "dashboard-${trimsuffix(each.value, ".json")}"
    namespace = kubernetes_namespace.observability.metadata[0].name
    labels    = { grafana_dashboard = "1" }
  }
  data = {
    (each.value) = file("${var.dashboards_dir}/${each.value}")
  }
}

resource "helm_release" "lgtm" {
  name       = local.release
  repository = "https://grafana.github.io/helm-charts"
  chart      = "lgtm-distributed"
  version    = var.lgtm_chart_version
  namespace  = kubernetes_namespace.observability.metadata[0].name
  wait       = true
  timeout    = 900

  values = [yamlencode({
    grafana = {
      fullnameOverride = "grafana"
      admin            = { existingSecret = kubernetes_secret.grafana_admin.metadata[0].name }
      sidecar          = { dashboards = { enabled = true, label = "grafana_dashboard" } }
      datasources = {
        "datasources.yaml" = {
          apiVersion = 1
          datasources = [
            { name = "Mimir", uid = "tickcast-prometheus", type = "prometheus", url = "http://${local.release}-mimir-nginx/prometheus", isDefault = true },
            { name = "Tempo", uid = "tickcast-tempo", type = "tempo", url = "http://${local.release}-tempo-query-frontend:3100" },
            { name = "Loki", uid = "tickcast-loki", type = "loki", url = "http://${local.release}-loki-gateway" },
          ]
        }
      }
    }
    loki  = { loki = { limits_config = { retention_period = var.retention } } }
    tempo = { compactor = { config = { compaction = { block_retention = var.retention } } } }
  })]
}

resource "helm_release" "collector" {
  depends_on = [helm_release.lgtm]

  name       = "otel-collector"
  repository = "https://open-telemetry.github.io/opentelemetry-helm-charts"
  chart      = "opentelemetry-collector"
  version    = var.collector_chart_version
  namespace  = kubernetes_namespace.observability.metadata[0].name
  wait       = true

  values = [yamlencode({
    fullnameOverride = "otel-collector"
    mode             = "deployment"
    replicaCount     = var.collector_replicas
    image            = { repository = "otel/opentelemetry-collector-contrib" }
    config = {
      receivers = {
        otlp = { protocols = { grpc = { endpoint = "$${env:MY_POD_IP}:4317" }, http = { endpoint = "$${env:MY_POD_IP}:4318" } } }
      }
      processors = {
        memory_limiter = { check_interval = "1s", limit_percentage = 80, spike_limit_percentage = 25 }
        batch          = {}
      }
      exporters = {
        "otlp/tempo" = { endpoint = local.tempo_otlp, tls = { insecure = true } }
        prometheusremotewrite = {
          endpoint                         = local.mimir_remote_write
          add_metric_suffixes              = true
          resource_to_telemetry_conversion = { enabled = true }
        }
        "otlphttp/loki" = { endpoint = local.loki_otlp }
      }
      service = {
        pipelines = {
          traces  = { receivers = ["otlp"], processors = ["memory_limiter", "batch"], exporters = ["otlp/tempo"] }
          metrics = { receivers = ["otlp"], processors = ["memory_limiter", "batch"], exporters = ["prometheusremotewrite"] }
          logs    = { receivers = ["otlp"], processors = ["memory_limiter", "batch"], exporters = ["otlphttp/loki"] }
        }
      }
    }
  })]
}
