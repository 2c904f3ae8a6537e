import QtQuick
import QtQuick.Layouts
import "."

// An error (``error: true``) or a confirmation line; hidden while empty.
Rectangle {
    id: notice
    property string text
    property bool error: true
    visible: text.length > 0
    implicitHeight: visible ? label.implicitHeight + 16 : 0
    radius: CounterStyle.radius
    color: error ? CounterStyle.errorBackground : CounterStyle.pendingBackground
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text
    DeskText {
        id: label
        anchors.fill: parent
        anchors.margins: 8
        text: notice.text
        color: notice.error ? CounterStyle.errorText : CounterStyle.text
    }
}
