import QtQuick
import QtQuick.Layouts
import "."

// A titled white block of the case view.
Rectangle {
    id: card
    property string title
    default property alias content: body.data
    implicitHeight: body.implicitHeight + heading.implicitHeight + 3 * 16
    radius: CounterStyle.radius
    color: CounterStyle.surface
    border.color: CounterStyle.border
    Heading {
        id: heading
        text: card.title
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: 16
    }
    ColumnLayout {
        id: body
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: heading.bottom
        anchors.margins: 16
        spacing: 8
    }
}
