import QtQuick
import QtQuick.Layouts
import ".."

// One document to bring: an empty box to tick, its name, and what exactly counts.
RowLayout {
    id: row
    property string name
    property string explanation
    spacing: Theme.spacing

    Rectangle {
        Layout.alignment: Qt.AlignTop
        Layout.topMargin: Math.round(Theme.body * 0.35)
        Layout.preferredWidth: Math.round(Theme.body * 0.7)
        Layout.preferredHeight: Layout.preferredWidth
        color: "transparent"
        border.color: Theme.text
        border.width: 3
    }
    ColumnLayout {
        Layout.fillWidth: true
        spacing: Math.round(Theme.spacing / 5)
        BodyText {
            objectName: "checklist_document"
            Layout.fillWidth: true
            text: row.name
            font.weight: Font.DemiBold
        }
        BodyText {
            visible: text !== ""
            Layout.fillWidth: true
            text: row.explanation
            color: Theme.textMuted
            font.pixelSize: Theme.small
        }
    }
}
