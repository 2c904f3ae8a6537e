pragma Singleton
import QtQuick

// Calm, high-contrast public-service look: dark text on warm light backgrounds (all text
// pairs here are at least 4.5:1), one deep blue for actions, touch targets of 72 px and more.
QtObject {
    // Set by Main.qml from the window's short side, so 1080x1920 and 1920x1080 both fit.
    property real scale: 1.0

    readonly property color background: "#F4F1EA"
    readonly property color surface: "#FFFFFF"
    readonly property color text: "#1B1B1B"
    readonly property color textMuted: "#45474B"
    readonly property color border: "#BFB9AC"
    readonly property color primary: "#0B4F8A"
    readonly property color primaryPressed: "#083A66"
    readonly property color textOnPrimary: "#FFFFFF"
    readonly property color secondary: "#E3E8EF"
    readonly property color secondaryPressed: "#C9D3E0"
    readonly property color focus: "#0B4F8A"
    readonly property color errorBackground: "#FCE9E7"
    readonly property color errorText: "#8A1C12"
    readonly property color demoBackground: "#FFF3D1"
    readonly property color demoBorder: "#A86A00"
    readonly property color toneInfo: "#0B4F8A"
    readonly property color toneAction: "#A85A00"
    readonly property color toneGood: "#1E6B3A"

    readonly property string fontFamily: "Noto Sans"

    readonly property int display: Math.round(60 * scale)
    readonly property int title: Math.round(46 * scale)
    readonly property int heading: Math.round(36 * scale)
    readonly property int body: Math.round(30 * scale)
    readonly property int small: Math.round(25 * scale)
    readonly property int keyText: Math.round(48 * scale)

    readonly property int touchMin: Math.max(72, Math.round(72 * scale))
    readonly property int buttonHeight: Math.max(72, Math.round(104 * scale))
    readonly property int keySize: Math.max(72, Math.round(128 * scale))
    readonly property int radius: Math.round(14 * scale)
    readonly property int margin: Math.round(56 * scale)
    readonly property int spacing: Math.round(28 * scale)
}
