pragma Singleton
import QtQuick

// The counter's desktop look (1920x1080, keyboard and mouse): the kiosk's palette at desk
// sizes, and one strong focus ring so a clerk working by keyboard always sees where they are.
QtObject {
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
    readonly property color focus: "#D9480F"
    readonly property color errorBackground: "#FCE9E7"
    readonly property color errorText: "#8A1C12"
    readonly property color good: "#1E6B3A"
    readonly property color warn: "#A85A00"
    readonly property color pendingBackground: "#FFF3D1"

    readonly property string fontFamily: "Noto Sans"
    readonly property int title: 26
    readonly property int heading: 20
    readonly property int body: 17
    readonly property int small: 15
    readonly property int controlHeight: 40
    readonly property int focusWidth: 3
    readonly property int radius: 6
    readonly property int margin: 20
    readonly property int spacing: 12
}
