// Package stickysession defines a manifest Check that finds load balancer,
// proxy and service mesh settings that pin a client to one instance.
//
// # Check stickysession
//
// stickysession: report sticky sessions in Kubernetes manifests, nginx,
// HAProxy, Apache httpd and Envoy configurations, and Terraform
//
// Sticky sessions are the crutch that keeps a service with per-instance
// session state working behind several replicas; they break when the pinned
// instance goes away. Every rule is a warning in category sticky with the
// practice avoid-sticky-sessions:
//
//   - service-session-affinity: a Service with sessionAffinity: ClientIP
//     (the message gives sessionAffinityConfig.clientIP.timeoutSeconds,
//     10800s by default);
//   - ingress-sticky-annotation: ingress-nginx affinity: cookie (with
//     affinity-mode and session-cookie-* in the same finding) and
//     upstream-hash-by; NGINX Inc nginx.com/sticky-cookie-services; Traefik
//     service.sticky.cookie on a Service and the v1 affinity annotation;
//     haproxy-ingress.github.io/affinity: cookie; haproxy.org/cookie-persistence
//     and haproxy.org/load-balance with a hashing algorithm;
//   - cloud-lb-stickiness: AWS Load Balancer Controller target group
//     attributes (stickiness.enabled=true, ALB and NLB) and
//     targetGroupStickinessConfig in alb.ingress.kubernetes.io/actions.*;
//     GKE BackendConfig and GCPBackendPolicy session affinity other than
//     NONE; Azure appgw.ingress.kubernetes.io/cookie-based-affinity;
//   - proxy-sticky-policy: Traefik IngressRoute and TraefikService sticky
//     cookies (traefik.io and traefik.containo.us), Kong KongIngress
//     upstream.hash_on and KongUpstreamPolicy algorithm or hashOn, Contour
//     HTTPProxy Cookie and RequestHash strategies, Emissary Mapping and
//     Module ring_hash or maglev keyed on a cookie, a header or the source IP;
//   - mesh-session-affinity: Istio DestinationRule consistentHash (traffic
//     policy, subsets, port-level settings) and the istio.io/persistent-session
//     and istio.io/persistent-session-header Service labels;
//   - gateway-session-persistence: Gateway API sessionPersistence on HTTPRoute
//     and GRPCRoute rules, BackendLBPolicy and XBackendTrafficPolicy;
//   - nginx-sticky-upstream: ip_hash, hash and sticky in nginx upstream blocks;
//   - haproxy-sticky-backend: balance source, uri, url_param, hdr, rdp-cookie
//     and hash; cookie NAME insert|rewrite|prefix; stick on and stick match;
//   - apache-sticky-balancer: mod_proxy_balancer stickysession set by
//     ProxySet, ProxyPass or ProxyPassMatch, with the members' route= values;
//   - envoy-hash-policy: Envoy route hash_policy feeding a RING_HASH or MAGLEV
//     cluster of the same config, and the envoy.filters.http.stateful_session
//     filter, in Envoy files and in the configs ConfigMaps carry;
//   - terraform-lb-stickiness: aws_lb_target_group stickiness blocks (on
//     unless enabled = false), listener forward stickiness, classic ELB
//     cookie stickiness policies, GCP session_affinity, Azure cookie-based
//     affinity and SourceIP load distribution, kubernetes_service ClientIP.
//
// Findings sit on the offending key, annotation or directive. A stickiness
// value filled in by a Helm action is reported as set by the chart, with the
// value that would pin. Traefik labels of compose services are the
// composestate check's.
package stickysession
