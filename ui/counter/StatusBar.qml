import QtQuick
import QtQuick.Layouts
import "."

// Online or offline said plainly, the actions waiting to be sent, and the conflicts.
Rectangle {
    id: bar
    required property QtObject statusVm
    property QtObject conflictsVm: null
    signal conflictsRequested()
    implicitHeight: 44
    color: statusVm.online ? CounterStyle.surface : CounterStyle.pendingBackground
    border.color: CounterStyle.border

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: CounterStyle.margin
        anchors.rightMargin: CounterStyle.margin
        spacing: CounterStyle.spacing
        Rectangle {
            width: 14
            height: 14
            radius: 7
            color: bar.statusVm.online ? CounterStyle.good : CounterStyle.warn
        }
        DeskText {
            objectName: "counter_status"
            Layout.fillWidth: true
            text: bar.statusVm.text
            elide: Text.ElideRight
            wrapMode: Text.NoWrap
        }
        ActionButton {
            objectName: "conflicts_button"
            visible: bar.conflictsVm !== null && bar.statusVm.conflicts > 0
            implicitHeight: 34
            text: qsTr("Conflicts: {count} (F4)").replace("{count}", bar.statusVm.conflicts)
            onClicked: bar.conflictsRequested()
        }
    }
}
