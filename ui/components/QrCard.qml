import QtQuick
import QtQuick.Layouts
import ".."

// The checklist's QR code and its reference, always left to right and never smoothed.
Rectangle {
    id: card
    property string source
    property string reference
    property int side: 260

    LayoutMirroring.enabled: false
    LayoutMirroring.childrenInherit: true
    implicitWidth: side + 2 * Math.round(Theme.spacing / 2)
    implicitHeight: column.implicitHeight + Theme.spacing
    color: "white"
    radius: Theme.radius
    border.color: Theme.border
    border.width: 2

    Column {
        id: column
        anchors.horizontalCenter: parent.horizontalCenter
        y: Math.round(Theme.spacing / 2)
        spacing: Math.round(Theme.spacing / 4)
        Image {
            objectName: "checklist_qr"
            width: card.side
            height: card.side
            source: card.source
            smooth: false  // sharp module edges scan better from a phone photo
            cache: false
            fillMode: Image.PreserveAspectFit
        }
        Text {
            objectName: "checklist_reference"
            anchors.horizontalCenter: parent.horizontalCenter
            text: card.reference.length > 6 ? card.reference.slice(0, 5) + " " + card.reference.slice(5)
                                            : card.reference
            textFormat: Text.PlainText
            color: "black"  // the card stays white in every theme: a QR code needs it
            font.family: "DejaVu Sans Mono"
            font.pixelSize: Theme.small
        }
    }
}
