module github.com/example/boutique/src/productcatalogservice

go 1.22
