import QtQuick
import QtQuick.Layouts
import "."

Card {
    id: received
    required property QtObject caseVm
    title: qsTr("Received documents")

    DeskText {
        visible: received.caseVm.received.length === 0
        text: qsTr("None yet.")
        color: CounterStyle.textMuted
    }
    Repeater {
        model: received.caseVm.received
        delegate: DeskText {
            required property var modelData
            text: "✓ " + modelData.name + " · " + modelData.when
                  + (modelData.pending ? " · " + qsTr("waiting to be sent") : "")
            Layout.fillWidth: true
        }
    }
}
