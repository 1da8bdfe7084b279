"""The touch interface: Qt Quick views (ui/qml) and Python view-models (a later issue)."""
