# AWS target groups: a stickiness block is on unless enabled = false.
resource "aws_lb_target_group" "web" {
  name     = "web"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = var.vpc_id

  stickiness { # want `^aws_lb_target_group.web pins clients to one target with stickiness \(lb_cookie, cookie duration 86400s\)$`
    type            = "lb_cookie"
    cookie_duration = 86400
  }
}

resource "aws_alb_target_group" "app" {
  stickiness { # want `aws_alb_target_group.app pins clients to one target with stickiness \(app_cookie, cookie SESSION\)`
    enabled     = true
    type        = "app_cookie"
    cookie_name = "SESSION"
  }
}

resource "aws_lb_target_group" "nlb" {
  protocol = "TCP"
  stickiness { type = "source_ip" } # want `aws_lb_target_group.nlb pins clients to one target with stickiness \(source_ip\)`
}

resource "aws_lb_target_group" "toggled" {
  stickiness { # want `aws_lb_target_group.toggled has stickiness \(lb_cookie\) enabled by var.sticky; clients are pinned to one target when it is true`
    enabled = var.sticky
    type    = "lb_cookie"
  }
}

resource "aws_lb_target_group" "dyn" {
  dynamic "stickiness" { # want `aws_lb_target_group.dyn pins clients to one target with a dynamic stickiness block \(lb_cookie\) when its for_each is not empty`
    for_each = var.sticky ? [1] : []
    content {
      type = "lb_cookie"
    }
  }
}

/* Quiet: stickiness turned off, or absent.
resource "aws_lb_target_group" "commented" { stickiness { type = "lb_cookie" } }
*/
resource "aws_lb_target_group" "off" {
  stickiness {
    enabled = false
    type    = "lb_cookie"
  }
}

resource "aws_lb_target_group" "plain" {
  name = "stickiness { }"
  health_check {
    path = "/healthz"
  }
  tags = {
    stickiness = "none"
  }
}

resource "aws_lb_target_group" "dyn_off" {
  dynamic "stickiness" {
    for_each = [1]
    content {
      enabled = false
      type    = "lb_cookie"
    }
  }
}

# Listener forward actions: stickiness across target groups, off by default.
resource "aws_lb_listener" "front" {
  load_balancer_arn = aws_lb.front.arn
  port              = 443

  default_action {
    type = "forward"
    forward {
      target_group { arn = aws_lb_target_group.web.arn }
      target_group { arn = aws_lb_target_group.app.arn }
      stickiness { # want `aws_lb_listener.front pins clients to one target group of its forward default_action with stickiness \(duration 3600s\)`
        enabled  = true
        duration = 3600
      }
    }
  }
}

resource "aws_lb_listener_rule" "quiet" {
  action {
    type = "forward"
    forward {
      target_group { arn = aws_lb_target_group.web.arn }
      stickiness {
        duration = 600
      }
    }
  }
}

# Classic ELB policies.
resource "aws_lb_cookie_stickiness_policy" "legacy" { # want `aws_lb_cookie_stickiness_policy.legacy pins clients of a classic load balancer to one instance with a load balancer cookie \(expires after 600s\)`
  name                     = "legacy"
  load_balancer            = aws_elb.legacy.id
  lb_port                  = 80
  cookie_expiration_period = 600
}

resource "aws_app_cookie_stickiness_policy" "app" { # want `aws_app_cookie_stickiness_policy.app pins clients of a classic load balancer to one instance with the application cookie JSESSIONID`
  name          = "app"
  load_balancer = aws_elb.legacy.name
  lb_port       = 80
  cookie_name   = "JSESSIONID"
}

# A data source and a variable named like the resources are not resources.
data "aws_lb_target_group" "existing" {
  name = "existing"
}

variable "stickiness" {
  default = { enabled = true }
}
