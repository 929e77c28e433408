resource "google_compute_backend_service" "web" {
  name             = "web"
  session_affinity = "GENERATED_COOKIE" # want `google_compute_backend_service.web pins clients to one backend with session_affinity GENERATED_COOKIE`
  affinity_cookie_ttl_sec = 3600
}

resource "google_compute_region_backend_service" "ilb" {
  session_affinity = "CLIENT_IP" // a comment # want `google_compute_region_backend_service.ilb pins clients to one backend with session_affinity CLIENT_IP`
}

resource "google_compute_target_pool" "pool" {
  session_affinity = var.affinity # want `google_compute_target_pool.pool has session_affinity set by var.affinity; clients are pinned to one backend when it is not NONE`
}

resource "google_compute_backend_service" "quiet" {
  session_affinity = "NONE"
}

resource "google_compute_backend_service" "default" {
  name = "default"
}

resource "azurerm_application_gateway" "gw" {
  name = "gw"
  backend_http_settings {
    name                  = "sticky"
    cookie_based_affinity = "Enabled" # want `azurerm_application_gateway.gw pins clients to one backend with cookie-based affinity \(backend_http_settings sticky\)`
    port                  = 80
    protocol              = "Http"
  }
  backend_http_settings {
    name                  = "plain"
    cookie_based_affinity = "Disabled"
    port                  = 8080
    protocol              = "Http"
  }
}

resource "azurerm_lb_rule" "by_ip" {
  load_distribution = "SourceIP" # want `azurerm_lb_rule.by_ip pins clients to one backend with load_distribution SourceIP`
}

resource "azurerm_lb_rule" "default" {
  load_distribution = "Default"
}

resource "kubernetes_service_v1" "web" {
  metadata {
    name = "web"
  }
  spec {
    session_affinity = "ClientIP" # want `kubernetes_service_v1.web pins clients to one pod with session affinity ClientIP`
    selector = {
      app = "web"
    }
  }
}

resource "kubernetes_service" "quiet" {
  spec {
    session_affinity = "None"
  }
}
