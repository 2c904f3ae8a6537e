import QtQuick
import QtQuick.Layouts
import ".."

// "Please bring" with the catalog's documents for the chosen service.
ColumnLayout {
    id: list
    property var documents: []
    spacing: Math.round(Theme.spacing / 2)
    visible: documents.length > 0

    BodyText {
        Layout.fillWidth: true
        text: qsTr("Please bring")
        font.pixelSize: Theme.heading
        font.weight: Font.Bold
    }
    Repeater {
        model: list.documents
        delegate: DocumentRow {
            required property string modelData
            objectName: "bring_document"
            Layout.fillWidth: true
            name: modelData
        }
    }
}
