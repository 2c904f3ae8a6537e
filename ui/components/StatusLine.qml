import QtQuick
import QtQuick.Layouts
import ".."

// A calm line at the foot of every screen: online or offline, and how current the data is.
Rectangle {
    id: line
    required property QtObject syncVm
    visible: syncVm.enabled
    implicitHeight: visible ? Math.round(Theme.small * 2.4) : 0
    color: Theme.surface
    border.color: Theme.border
    border.width: 1

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        spacing: Math.round(Theme.spacing / 2)
        Rectangle {
            Layout.preferredWidth: Math.round(Theme.small * 0.6)
            Layout.preferredHeight: Layout.preferredWidth
            radius: width / 2
            color: line.syncVm.online ? Theme.toneGood : Theme.textMuted
        }
        BodyText {
            objectName: "sync_status"
            Layout.fillWidth: true
            text: line.syncVm.statusText
            color: Theme.textMuted
            font.pixelSize: Theme.small
            elide: Text.ElideRight
            wrapMode: Text.NoWrap
        }
    }
}
