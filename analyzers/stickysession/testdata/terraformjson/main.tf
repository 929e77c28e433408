# Quiet: enabled by a variable of variables.tf whose default is false.
resource "aws_lb_target_group" "admin" {
  name = "admin"
  port = 8081
  stickiness {
    type    = "lb_cookie"
    enabled = var.admin_sticky
  }
}

# Fires: the same with a variable whose default is true.
resource "aws_lb_target_group" "shop" {
  name = "shop"
  port = 8082
  stickiness {
    type    = "lb_cookie"
    enabled = var.shop_sticky
  }
}
