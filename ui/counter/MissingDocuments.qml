import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "."

// Tick one or several documents the resident hands in (Space ticks), then "Received".
Card {
    id: missing
    required property QtObject caseVm
    title: qsTr("Missing documents")

    DeskText {
        visible: missing.caseVm.missing.length === 0
        text: qsTr("Nothing is missing.")
        color: CounterStyle.good
    }
    Repeater {
        model: missing.caseVm.missing
        delegate: CheckBox {
            id: box
            required property var modelData
            required property int index
            objectName: "missing_" + modelData.code
            text: modelData.name
            checked: missing.caseVm.tickedCodes.indexOf(modelData.code) >= 0
            font.family: CounterStyle.fontFamily
            font.pixelSize: CounterStyle.body
            Layout.fillWidth: true
            focusPolicy: Qt.StrongFocus
            onToggled: missing.caseVm.toggleMissing(modelData.code)
            Keys.onReturnPressed: missing.caseVm.toggleMissing(modelData.code)
            background: Rectangle {
                color: "transparent"
                radius: CounterStyle.radius
                border.width: box.activeFocus ? CounterStyle.focusWidth : 0
                border.color: CounterStyle.focus
            }
        }
    }
    RowLayout {
        visible: missing.caseVm.missing.length > 0
        ActionButton {
            objectName: "mark_received"
            primary: true
            enabled: missing.caseVm.tickedCount > 0 && !missing.caseVm.busy
            text: qsTr("Received ({count})").replace("{count}", missing.caseVm.tickedCount)
            onClicked: missing.caseVm.markReceived()
        }
    }
    // Nothing missing any more: offer the status that follows.
    Rectangle {
        visible: missing.caseVm.nextStatus !== ""
        Layout.fillWidth: true
        implicitHeight: offer.implicitHeight + 20
        radius: CounterStyle.radius
        color: CounterStyle.pendingBackground
        RowLayout {
            id: offer
            anchors.fill: parent
            anchors.margins: 10
            DeskText {
                text: qsTr("All documents are here. Change the status to “{status}”?")
                      .replace("{status}", missing.caseVm.nextStatusName)
                Layout.fillWidth: true
            }
            ActionButton {
                objectName: "apply_next_status"
                primary: true
                text: qsTr("Change status")
                onClicked: missing.caseVm.applyNextStatus()
            }
        }
    }
}
