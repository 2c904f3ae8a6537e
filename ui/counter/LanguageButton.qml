import QtQuick
import "."

// Deutsch / English for the clerk (the residents' languages are the kiosk's).
ActionButton {
    required property QtObject languageVm
    objectName: "language_switch"
    text: languageVm.current === "de" ? "English" : "Deutsch"
    Accessible.name: languageVm.current === "de" ? "Switch to English" : "Auf Deutsch umschalten"
    onClicked: languageVm.switchLanguage(languageVm.current === "de" ? "en" : "de")
}
