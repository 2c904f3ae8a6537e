import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// What to bring, with a code for staff; print it, or photograph this screen instead.
Rectangle {
    id: screen
    required property QtObject flowVm
    required property QtObject checklistVm
    readonly property QtObject vm: checklistVm

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TopBar {
            Layout.fillWidth: true
            title: screen.flowVm.officeName
            flowVm: screen.flowVm
            onHome: screen.flowVm.home()
            onBack: screen.flowVm.back()
        }

        Flickable {
            id: flick
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: body.implicitHeight + 2 * Theme.margin
            boundsBehavior: Flickable.StopAtBounds

            ColumnLayout {
                id: body
                width: Math.min(flick.width - 2 * Theme.margin, 1300 * Theme.scale)
                x: (flick.width - width) / 2
                y: Theme.margin
                spacing: Theme.spacing * 1.2

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignTop
                        spacing: Math.round(Theme.spacing / 2)
                        BodyText {
                            objectName: "checklist_title"
                            Layout.fillWidth: true
                            text: screen.vm.photoMode ? qsTr("Take a photo of this screen")
                                                      : qsTr("Your checklist")
                            font.pixelSize: Theme.display
                            font.weight: Font.Bold
                        }
                        BodyText {
                            objectName: "checklist_context"
                            visible: text !== ""
                            Layout.fillWidth: true
                            text: screen.vm.context
                            color: Theme.textMuted
                        }
                        RowLayout {
                            visible: screen.vm.forCase
                            spacing: Theme.spacing
                            BodyText {
                                text: qsTr("Case number")
                                color: Theme.textMuted
                                font.pixelSize: Theme.small
                            }
                            Text {
                                objectName: "checklist_case_number"
                                text: screen.vm.maskedCaseNumber
                                textFormat: Text.PlainText
                                color: Theme.textMuted
                                font.family: "DejaVu Sans Mono"
                                font.pixelSize: Theme.small
                            }
                        }
                    }
                    QrCard {
                        objectName: "qr_card"
                        Layout.alignment: Qt.AlignTop
                        source: screen.vm.qrSource
                        reference: screen.vm.reference
                        side: Math.round((screen.vm.photoMode ? 340 : 260) * Theme.scale)
                    }
                }

                Rectangle {
                    objectName: "print_message_box"
                    visible: screen.vm.printMessage !== ""
                    Layout.fillWidth: true
                    Layout.preferredHeight: printMessage.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: screen.vm.printFailed ? Theme.errorBackground : Theme.surface
                    border.width: 3
                    border.color: screen.vm.printFailed ? Theme.errorText : Theme.toneGood
                    BodyText {
                        id: printMessage
                        objectName: "print_message"
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        text: screen.vm.printMessage
                        color: screen.vm.printFailed ? Theme.errorText : Theme.text
                        font.weight: Font.DemiBold
                    }
                }

                BodyText {
                    objectName: "photo_hint"
                    visible: screen.vm.photoMode
                    Layout.fillWidth: true
                    text: qsTr("Photograph the whole screen, code included. Staff scan the code at the counter.")
                }

                ColumnLayout {
                    objectName: "checklist_documents"
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    BodyText {
                        Layout.fillWidth: true
                        text: screen.vm.documents.length > 0 ? qsTr("Please bring")
                                                             : qsTr("We have all the documents we need from you.")
                        font.pixelSize: Theme.heading
                        font.weight: Font.Bold
                    }
                    Repeater {
                        model: screen.vm.documents
                        delegate: DocumentRow {
                            required property var modelData
                            Layout.fillWidth: true
                            name: modelData.name
                            explanation: modelData.explanation
                        }
                    }
                }

                ColumnLayout {
                    visible: screen.vm.appointment !== ""
                    Layout.fillWidth: true
                    spacing: Math.round(Theme.spacing / 2)
                    BodyText {
                        Layout.fillWidth: true
                        text: qsTr("Your next appointment")
                        font.pixelSize: Theme.heading
                        font.weight: Font.Bold
                    }
                    BodyText {
                        objectName: "checklist_appointment"
                        Layout.fillWidth: true
                        text: screen.vm.appointment
                    }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: Math.round(Theme.spacing / 2)
                    BodyText {
                        Layout.fillWidth: true
                        text: qsTr("What happens next")
                        font.pixelSize: Theme.heading
                        font.weight: Font.Bold
                    }
                    Repeater {
                        model: screen.vm.nextSteps
                        delegate: BodyText {
                            required property string modelData
                            required property int index
                            Layout.fillWidth: true
                            text: (index + 1) + ". " + modelData
                        }
                    }
                }
            }
        }

        // Pinned above the accessibility bar: printing and "Done" are in view however long
        // the list is, in every language and in large text.
        ColumnLayout {
            objectName: "checklist_actions"
            Layout.fillWidth: true
            Layout.maximumWidth: 1300 * Theme.scale
            Layout.alignment: Qt.AlignHCenter
            Layout.leftMargin: Theme.margin
            Layout.rightMargin: Theme.margin
            Layout.topMargin: Math.round(Theme.spacing / 2)
            Layout.bottomMargin: Math.round(Theme.spacing / 2)
            spacing: Math.round(Theme.spacing / 2)

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                BigButton {
                    objectName: "print"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 100
                    primary: true
                    enabled: !screen.vm.printing
                    text: screen.vm.printFailed ? qsTr("Try printing again") : qsTr("Print")
                    onClicked: screen.vm.print()
                }
                BigButton {
                    objectName: "show_for_photo"
                    visible: !screen.vm.photoMode
                    Layout.fillWidth: true
                    Layout.preferredWidth: 100
                    text: qsTr("Show for a photo")
                    onClicked: screen.vm.showForPhoto()
                }
            }

            BigButton {
                objectName: "checklist_done"
                Layout.fillWidth: true
                text: qsTr("Done")
                onClicked: screen.flowVm.home()
            }
        }
    }

    // The code must be in view when the resident is asked to photograph it.
    Connections {
        target: screen.vm
        function onPrintChanged() { if (screen.vm.photoMode) flick.contentY = 0 }
    }
}
