pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import ".."

// What to bring to the appointment, in two groups, each saying why: what the office still
// lacks for this case (the documents the status screen lists as missing), and what every
// appointment of this kind needs. A document is in one group only.
ColumnLayout {
    id: list
    property var stillMissing: []
    property var always: []
    spacing: Theme.spacing
    visible: stillMissing.length > 0 || always.length > 0

    component Group: ColumnLayout {
        id: group
        property string name
        property string heading
        property string why
        property var documents: []
        visible: documents.length > 0
        spacing: Math.round(Theme.spacing / 2)

        BodyText {
            objectName: group.name + "_heading"
            Layout.fillWidth: true
            text: group.heading
            font.pixelSize: Theme.heading
            font.weight: Font.Bold
        }
        BodyText {
            objectName: group.name + "_why"
            Layout.fillWidth: true
            text: group.why
            color: Theme.textMuted
        }
        Repeater {
            model: group.documents
            delegate: DocumentRow {
                id: row
                required property string modelData
                objectName: group.name + "_document"
                Layout.fillWidth: true
                name: row.modelData
            }
        }
    }

    Group {
        objectName: "bring_missing"
        Layout.fillWidth: true
        name: "bring_missing"
        heading: qsTr("Still missing: please bring")
        why: qsTr("Your status lists these documents as missing. We cannot go on with your application without them.")
        documents: list.stillMissing
    }
    Group {
        objectName: "bring_always"
        Layout.fillWidth: true
        name: "bring_always"
        heading: qsTr("Always bring to this appointment")
        why: qsTr("Staff need these at every appointment of this kind, even if we already have copies.")
        documents: list.always
    }
}
