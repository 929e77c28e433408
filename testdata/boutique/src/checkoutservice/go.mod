module github.com/example/boutique/src/checkoutservice

go 1.22
