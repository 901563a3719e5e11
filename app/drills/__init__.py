"""The drill area: the phone session and the drill pages (`pages`), the JSON API the
phone and other clients call (`api`), the installable app (`pwa`), over one `service`
that both call; `sync` aligns a rep's cards with their launches before a read."""
