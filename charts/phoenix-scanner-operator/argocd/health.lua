-- Argo CD health for ScanImport and InsightVMScan (scanner.phoenix.security/v1alpha1).
-- Install it for both kinds in argocd-cm (see README.md beside this file). Follows kstatus:
-- suspended -> Suspended; no status or a stale observedGeneration -> Progressing; Stalled=True -> Degraded;
-- Reconciling=True -> Progressing; Ready=True -> Healthy; anything else -> Progressing.
local hs = {status = "Progressing", message = "Waiting for the operator"}

local function condition(status, type)
  if status == nil or status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

if obj.spec ~= nil and (obj.spec.suspend == true or obj.spec.state == "Paused") then
  hs.status = "Suspended"
  if obj.spec.suspend == true then
    hs.message = "Suspended (spec.suspend is true)"
  else
    hs.message = "Scan paused (spec.state is Paused)"
  end
  return hs
end

local status = obj.status
if status == nil or status.observedGeneration == nil or obj.metadata.generation == nil
    or status.observedGeneration < obj.metadata.generation then
  return hs
end

local stalled = condition(status, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = stalled.message or stalled.reason or "Stalled"
  return hs
end

local reconciling = condition(status, "Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.message = reconciling.message or reconciling.reason or "Reconciling"
  return hs
end

local ready = condition(status, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "Ready"
  return hs
end
if ready ~= nil and ready.message ~= nil then
  hs.message = ready.message
end
return hs
