{{- define "web.fullname" -}}
{{- .Release.Name | trunc 63 }}
{{- end }}
