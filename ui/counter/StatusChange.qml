import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "."

// Choose a new status; the preview shows what the kiosk will tell the resident, in German and
// in the resident's language, before anything is changed.
Card {
    id: change
    required property QtObject caseVm
    title: qsTr("Change status")

    ComboBox {
        id: choice
        objectName: "status_choice"
        Layout.fillWidth: true
        implicitHeight: CounterStyle.controlHeight
        font.family: CounterStyle.fontFamily
        font.pixelSize: CounterStyle.body
        model: [{ "code": "", "name": qsTr("Choose the new status…") }].concat(change.caseVm.statusChoices)
        textRole: "name"
        valueRole: "code"
        currentIndex: Math.max(0, indexOfValue(change.caseVm.chosenStatus))
        onActivated: change.caseVm.chooseStatus(currentValue)
        Accessible.name: qsTr("New status")
        background: Rectangle {
            radius: CounterStyle.radius
            color: CounterStyle.surface
            border.width: choice.activeFocus ? CounterStyle.focusWidth : 1
            border.color: choice.activeFocus ? CounterStyle.focus : CounterStyle.border
        }
    }

    ColumnLayout {
        visible: change.caseVm.chosenStatus !== ""
        Layout.fillWidth: true
        spacing: 6
        DeskText {
            text: qsTr("The kiosk will show the resident:")
            color: CounterStyle.textMuted
            font.pixelSize: CounterStyle.small
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: german.implicitHeight + 16
            color: CounterStyle.background
            radius: CounterStyle.radius
            ColumnLayout {
                id: german
                objectName: "preview_german"
                anchors.fill: parent
                anchors.margins: 8
                DeskText {
                    text: change.caseVm.previewGerman.length ? change.caseVm.previewGerman[0] : ""
                    font.weight: Font.Bold
                    Layout.fillWidth: true
                }
                DeskText {
                    text: change.caseVm.previewGerman.length ? change.caseVm.previewGerman[1] : ""
                    font.pixelSize: CounterStyle.small
                    Layout.fillWidth: true
                }
            }
        }
        Rectangle {
            visible: change.caseVm.previewResident.length > 0
            Layout.fillWidth: true
            implicitHeight: resident.implicitHeight + 16
            color: CounterStyle.background
            radius: CounterStyle.radius
            ColumnLayout {
                id: resident
                objectName: "preview_resident"
                anchors.fill: parent
                anchors.margins: 8
                LayoutMirroring.enabled: change.caseVm.previewRightToLeft
                LayoutMirroring.childrenInherit: true
                DeskText {
                    text: change.caseVm.previewResident.length ? change.caseVm.previewResident[0] : ""
                    font.weight: Font.Bold
                    horizontalAlignment: change.caseVm.previewRightToLeft ? Text.AlignRight : Text.AlignLeft
                    Layout.fillWidth: true
                }
                DeskText {
                    text: change.caseVm.previewResident.length ? change.caseVm.previewResident[1] : ""
                    font.pixelSize: CounterStyle.small
                    horizontalAlignment: change.caseVm.previewRightToLeft ? Text.AlignRight : Text.AlignLeft
                    Layout.fillWidth: true
                }
            }
        }
        ActionButton {
            objectName: "apply_status"
            primary: true
            enabled: !change.caseVm.busy
            text: qsTr("Change the status")
            onClicked: change.caseVm.applyStatus()
        }
    }
}
