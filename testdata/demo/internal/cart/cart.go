// Package cart keeps shopping carts. This is the bug the demo shows: the
// carts live in one replica's memory.
package cart

import (
	"net/http"
	"sync"
)

// Item is one line of a cart.
type Item struct {
	SKU string
	Qty int
}

var (
	mu    sync.Mutex
	carts = map[string][]Item{}
)

// Add handles POST /cart: it appends an item to the caller's cart.
func Add(w http.ResponseWriter, r *http.Request) {
	id, err := r.Cookie("cart")
	if err != nil {
		http.Error(w, "no cart", http.StatusBadRequest)
		return
	}
	mu.Lock()
	defer mu.Unlock()
	carts[id.Value] = append(carts[id.Value], Item{SKU: r.FormValue("sku"), Qty: 1})
}
