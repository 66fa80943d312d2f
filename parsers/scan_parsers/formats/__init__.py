"""One module per report format; each registers itself with `@register`."""
