import QtQuick
import QtQuick.Layouts
import ".."

// One line of an appointment's details: a muted label, then its value.
RowLayout {
    id: row
    property string label
    property string value
    property bool emphasised: false
    spacing: Theme.spacing

    BodyText {
        Layout.preferredWidth: Math.round(260 * Theme.scale)
        Layout.alignment: Qt.AlignTop
        text: row.label
        color: Theme.textMuted
        font.pixelSize: Theme.small
        Layout.topMargin: Math.round((Theme.body - Theme.small) / 2)
    }
    BodyText {
        Layout.fillWidth: true
        text: row.value
        font.pixelSize: row.emphasised ? Theme.heading : Theme.body
        font.weight: row.emphasised ? Font.Bold : Font.DemiBold
    }
}
