// Command frontend serves the shop's pages and carts.
package main

import (
	"log"
	"net/http"

	"example.com/shop/internal/cart"
)

func main() {
	http.HandleFunc("/cart", cart.Add)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
