"""A minimal stand-in for the kubelet: resolves a source's JobInputs against in-memory ConfigMaps and Secrets,
the way a Pod would see them (files under the mount root, env from secretKeyRef)."""

from __future__ import annotations

from pathlib import Path

from scanner_operator.sources import MOUNT_ROOT_ENV, JobInputs, relocate_mount

Objects = dict[tuple[str, str], dict[str, bytes]]  # (kind, name) -> data


def materialise(inputs: JobInputs, root: Path, objects: Objects) -> dict[str, str]:
    env = {MOUNT_ROOT_ENV: str(root)}
    volumes = {volume["name"]: volume for volume in inputs.volumes}
    for mount in inputs.volume_mounts:
        volume = volumes[mount["name"]]
        if "configMap" in volume:
            source, key = volume["configMap"], ("ConfigMap", volume["configMap"]["name"])
        else:
            source, key = volume["secret"], ("Secret", volume["secret"]["secretName"])
        data = objects.get(key)
        target = relocate_mount(mount["mountPath"], root)
        target.mkdir(parents=True, exist_ok=True)
        if data is None:
            assert source.get("optional") is True, "a missing object would leave the Pod stuck"
            continue
        items = source.get("items") or [{"key": k, "path": k} for k in data]
        for item in items:
            if item["key"] in data:
                (target / item["path"]).write_bytes(data[item["key"]])
    for var in inputs.env:
        assert "value" not in var, "source env must come from Secret references"
        ref = var["valueFrom"]["secretKeyRef"]
        value = objects.get(("Secret", ref["name"]), {}).get(ref["key"])
        if value is not None:
            env[var["name"]] = value.decode()
        else:
            assert ref.get("optional") is True
    return env
