{{- define "pso.name" -}}phoenix-scanner-operator{{- end -}}

{{- define "pso.fullname" -}}
{{- if contains "phoenix-scanner-operator" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-phoenix-scanner-operator" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "pso.labels" -}}
app.kubernetes.io/name: {{ include "pso.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "pso.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pso.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "pso.serviceAccountName" -}}
{{- default (include "pso.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "pso.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Namespaces that get the worker ServiceAccount and the namespaced RBAC. */}}
{{- define "pso.workerNamespaces" -}}
{{- $ns := list .Release.Namespace -}}
{{- range (concat .Values.watchNamespaces .Values.workerServiceAccount.namespaces) -}}
{{- $ns = append $ns . -}}
{{- end -}}
{{- $ns | uniq | toJson -}}
{{- end -}}
