pragma Singleton
import QtQuick

// Calm, high-contrast public-service look: dark text on warm light backgrounds (all text
// pairs here are at least 4.5:1), one deep blue for actions, touch targets of 72 px and more.
// ``highContrast`` swaps to light text on black with yellow actions; ``largeText`` enlarges
// every font by a third. Both are bound from Main.qml to the flow view model, which resets
// them when a session ends (tests/accessibility/test_contrast.py checks every pair).
QtObject {
    // Set by Main.qml from the window's short side, so 1080x1920 and 1920x1080 both fit.
    property real scale: 1.0
    property bool highContrast: false
    property bool largeText: false
    // Pixels per millimetre of the touch screen (Main.qml, from the configured dpi): no touch
    // target is smaller than 12 mm (tests/accessibility/test_touch_targets.py).
    property real pxPerMm: 102 / 25.4
    readonly property int minTarget: Math.ceil(12 * pxPerMm)
    readonly property real textScale: largeText ? 1.3 : 1.0

    readonly property color background: highContrast ? "#000000" : "#F4F1EA"
    readonly property color surface: highContrast ? "#000000" : "#FFFFFF"
    readonly property color text: highContrast ? "#FFFFFF" : "#1B1B1B"
    readonly property color textMuted: highContrast ? "#E6E6E6" : "#45474B"
    readonly property color border: highContrast ? "#FFFFFF" : "#BFB9AC"
    readonly property color primary: highContrast ? "#FFE500" : "#0B4F8A"
    readonly property color primaryPressed: highContrast ? "#C9B400" : "#083A66"
    readonly property color textOnPrimary: highContrast ? "#000000" : "#FFFFFF"
    readonly property color secondary: highContrast ? "#000000" : "#E3E8EF"
    readonly property color secondaryPressed: highContrast ? "#3A3A3A" : "#C9D3E0"
    readonly property color focus: highContrast ? "#FFE500" : "#0B4F8A"
    readonly property color errorBackground: highContrast ? "#000000" : "#FCE9E7"
    readonly property color errorText: highContrast ? "#FF9E94" : "#8A1C12"
    readonly property color demoBackground: highContrast ? "#000000" : "#FFF3D1"
    readonly property color demoBorder: highContrast ? "#FFE500" : "#A86A00"
    readonly property color toneInfo: highContrast ? "#7CC0FF" : "#0B4F8A"
    readonly property color toneAction: highContrast ? "#FFB347" : "#A85A00"
    readonly property color toneGood: highContrast ? "#6FE09A" : "#1E6B3A"

    readonly property string fontFamily: "Noto Sans"
    // Pictograms of the accessibility bar (speaker, larger text); the rest falls back to DejaVu.
    readonly property string iconFontFamily: "Noto Sans Symbols2"

    readonly property int display: Math.round(60 * scale * textScale)
    readonly property int title: Math.round(46 * scale * textScale)
    readonly property int heading: Math.round(36 * scale * textScale)
    readonly property int body: Math.round(30 * scale * textScale)
    readonly property int small: Math.round(25 * scale * textScale)
    readonly property int keyText: Math.round(48 * scale * textScale)
    // The accessibility bar keeps its size, so its switches stay where the resident found them.
    readonly property int barText: Math.round(25 * scale)

    readonly property int touchMin: Math.max(72, minTarget, Math.round(72 * scale))
    readonly property int buttonHeight: Math.max(72, minTarget, Math.round(104 * scale))
    readonly property int keySize: Math.max(72, minTarget, Math.round(128 * scale))
    readonly property int radius: Math.round(14 * scale)
    readonly property int margin: Math.round(56 * scale)
    readonly property int spacing: Math.round(28 * scale)
}
