import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "."

// One case: opened by a scan (anywhere on the desk) or by the field (F2, Enter opens).
FocusScope {
    id: panel
    required property QtObject caseVm

    function focusCaseField() { caseField.forceActiveFocus(); caseField.selectAll() }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: CounterStyle.margin
        spacing: CounterStyle.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: CounterStyle.spacing
            InputField {
                id: caseField
                objectName: "case_field"
                Layout.preferredWidth: 520
                placeholderText: qsTr("Reference or case number (F2), or scan the printout")
                inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase
                onAccepted: openButton.clicked()
                Keys.onEscapePressed: text = ""
            }
            ActionButton {
                id: openButton
                objectName: "open_case"
                text: qsTr("Open")
                primary: true
                onClicked: panel.caseVm.open(caseField.text)
            }
            DeskText {
                visible: panel.caseVm.busy
                text: qsTr("One moment…")
                color: CounterStyle.textMuted
            }
            Item { Layout.fillWidth: true }
            ActionButton {
                objectName: "print_receipt"
                visible: panel.caseVm.loaded
                text: qsTr("Print receipt (Ctrl+P)")
                onClicked: panel.caseVm.printReceipt()
            }
        }
        Notice { objectName: "case_message"; Layout.fillWidth: true; text: panel.caseVm.message }
        Notice {
            objectName: "case_notice"
            Layout.fillWidth: true
            error: false
            text: panel.caseVm.notice
        }

        DeskText {
            visible: !panel.caseVm.loaded
            Layout.topMargin: 40
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Scan a resident's printout, or type a reference or case number and press Enter.")
            color: CounterStyle.textMuted
            font.pixelSize: CounterStyle.heading
        }

        Item {  // keeps the field at the top while no case is open
            visible: !panel.caseVm.loaded
            Layout.fillHeight: true
        }

        ScrollView {
            id: scroll
            visible: panel.caseVm.loaded
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true

            RowLayout {
                width: scroll.availableWidth
                spacing: CounterStyle.margin

                ColumnLayout {
                    Layout.preferredWidth: (scroll.availableWidth - CounterStyle.margin) / 2
                    Layout.alignment: Qt.AlignTop
                    spacing: CounterStyle.spacing
                    CaseFacts { caseVm: panel.caseVm; Layout.fillWidth: true }
                    MissingDocuments { caseVm: panel.caseVm; Layout.fillWidth: true }
                    ReceivedDocuments { caseVm: panel.caseVm; Layout.fillWidth: true }
                }
                ColumnLayout {
                    Layout.preferredWidth: (scroll.availableWidth - CounterStyle.margin) / 2
                    Layout.alignment: Qt.AlignTop
                    spacing: CounterStyle.spacing
                    CaseAppointments { caseVm: panel.caseVm; Layout.fillWidth: true }
                    StatusChange { caseVm: panel.caseVm; Layout.fillWidth: true }
                    KioskPrintouts { caseVm: panel.caseVm; Layout.fillWidth: true }
                }
            }
        }
    }
}
