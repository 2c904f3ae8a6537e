// The waiting room's call display (kiosk-app display, issue 15): 1920x1080, read from across
// the room. The latest call large in German and in the ticket holder's language, the last few
// below. Without the gateway the calls are dimmed and a banner says so.
import QtQuick
import QtQuick.Window

Window {
    id: root
    required property var displayVm
    width: 1920
    height: 1080
    visible: false
    color: "#0b2a4a"
    title: "Aufrufe"

    readonly property var latest: displayVm.latest
    readonly property bool hasCall: latest.label !== undefined
    readonly property color ink: "#ffffff"
    readonly property color accent: "#ffd34d"

    Item {
        id: board
        anchors.fill: parent
        opacity: root.displayVm.connected ? 1.0 : 0.35

        // --- the latest call --------------------------------------------------------------
        Rectangle {
            id: hero
            objectName: "latestCall"
            anchors { left: parent.left; right: parent.right; top: parent.top }
            height: 540
            color: "#113d6b"

            Column {
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                          leftMargin: 60; rightMargin: 60 }
                spacing: 28
                Text {
                    id: heroLine
                    objectName: "latestLine"
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: root.hasCall ? root.latest.label + "  →  " + root.latest.counterDe
                                       : root.displayVm.words.noCalls
                    color: root.accent
                    font.pixelSize: root.hasCall ? 190 : 90
                    font.bold: true
                }
                Text {
                    objectName: "latestGerman"
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    visible: root.hasCall
                    text: root.hasCall ? root.latest.sentenceDe : ""
                    color: root.ink
                    font.pixelSize: 66
                }
                Text {
                    // The ticket holder's language; Qt lays Arabic and Persian out right to left.
                    objectName: "latestOwn"
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    visible: root.hasCall && root.latest.sentenceOwn !== ""
                    text: root.hasCall ? root.latest.sentenceOwn : ""
                    textFormat: Text.PlainText
                    color: root.ink
                    font.pixelSize: 66
                    elide: Text.ElideRight
                }
            }
        }

        // --- the calls before it ----------------------------------------------------------
        Text {
            id: recentTitle
            anchors { left: parent.left; top: hero.bottom; leftMargin: 60; topMargin: 24 }
            text: root.displayVm.words.lastCalls
            color: "#c9d8ea"
            font.pixelSize: 44
        }
        Grid {
            objectName: "recentCalls"
            anchors { left: parent.left; right: parent.right; top: recentTitle.bottom
                      leftMargin: 60; rightMargin: 60; topMargin: 16 }
            columns: 2
            columnSpacing: 40
            rowSpacing: 18
            Repeater {
                model: root.displayVm.recent
                delegate: Rectangle {
                    id: tile
                    required property var modelData
                    width: (1920 - 120 - 40) / 2
                    height: 160
                    radius: 12
                    color: "#16487c"
                    Text {
                        anchors { left: parent.left; leftMargin: 30; top: parent.top; topMargin: 8 }
                        text: tile.modelData.label + "  →  " + tile.modelData.counterDe
                        color: root.ink
                        font.pixelSize: 72
                        font.bold: true
                    }
                    Text {
                        // The counter in the ticket holder's language (right to left for ar, fa).
                        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                                  leftMargin: 30; rightMargin: 30; bottomMargin: 10 }
                        visible: tile.modelData.language !== "de"
                        text: tile.modelData.counterOwn
                        horizontalAlignment: tile.modelData.rightToLeft ? Text.AlignRight : Text.AlignLeft
                        color: "#c9d8ea"
                        font.pixelSize: 44
                    }
                }
            }
        }
    }

    // --- per service: how many wait, the estimate now (German) ---------------------------
    Row {
        objectName: "waiting"
        anchors { left: parent.left; bottom: parent.bottom; leftMargin: 60; bottomMargin: 44 }
        spacing: 60
        opacity: root.displayVm.connected ? 1.0 : 0.35
        Repeater {
            model: root.displayVm.waiting
            delegate: Text {
                required property string modelData
                text: modelData
                color: "#c9d8ea"
                font.pixelSize: 40
            }
        }
    }

    // --- no gateway: said, not hidden ----------------------------------------------------
    Rectangle {
        objectName: "connectionLost"
        visible: !root.displayVm.connected
        anchors { right: parent.right; bottom: parent.bottom; rightMargin: 60; bottomMargin: 30 }
        width: lostText.implicitWidth + 80
        height: lostText.implicitHeight + 36
        radius: 16
        color: "#7a1f1f"
        Text {
            id: lostText
            anchors.centerIn: parent
            text: root.displayVm.lostText
            color: "#ffffff"
            font.pixelSize: 48
        }
    }
}
