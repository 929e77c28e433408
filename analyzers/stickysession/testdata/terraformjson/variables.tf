variable "admin_sticky" {
  default = false
}

variable "shop_sticky" {
  default = true
}
