import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// The status in plain words, what happens next, and what is still missing.
Rectangle {
    id: screen
    required property QtObject flowVm
    required property QtObject resultVm
    required property QtObject syncVm
    required property QtObject checklistVm
    required property QtObject bookingVm
    property QtObject formVm: null  // requests for this case (issue 17)
    readonly property QtObject vm: resultVm
    readonly property color toneColor: vm.tone === "action" ? Theme.toneAction
                                       : vm.tone === "good" ? Theme.toneGood : Theme.toneInfo

    color: Theme.background

    component Section: ColumnLayout {
        property alias heading: headingText.text
        Layout.fillWidth: true
        spacing: Math.round(Theme.spacing / 2)
        BodyText {
            id: headingText
            Layout.fillWidth: true
            font.pixelSize: Theme.heading
            font.weight: Font.Bold
        }
    }

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
                // Long lines are hard to read: cap the measure on wide screens.
                width: Math.min(flick.width - 2 * Theme.margin, 1300 * Theme.scale)
                x: (flick.width - width) / 2
                y: Theme.margin
                spacing: Theme.spacing * 1.5

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    BodyText {
                        text: qsTr("Case number")
                        color: Theme.textMuted
                        font.pixelSize: Theme.small
                    }
                    Text {
                        objectName: "masked_case_number"
                        text: screen.vm.maskedCaseNumber
                        textFormat: Text.PlainText
                        color: Theme.textMuted
                        font.family: "DejaVu Sans Mono"
                        font.pixelSize: Theme.small
                    }
                    Item { Layout.fillWidth: true }
                }

                BodyText {
                    objectName: "stale_note"
                    visible: screen.syncVm.stale
                    Layout.fillWidth: true
                    text: screen.syncVm.staleNote
                    color: Theme.errorText
                    font.weight: Font.DemiBold
                }

                Rectangle {
                    Layout.fillWidth: true
                    Layout.preferredHeight: statusColumn.implicitHeight + 2 * Theme.margin
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.border
                    border.width: 2
                    Rectangle {
                        anchors.left: parent.left
                        anchors.top: parent.top
                        anchors.bottom: parent.bottom
                        width: Math.round(16 * Theme.scale)
                        radius: Theme.radius
                        color: screen.toneColor
                    }
                    ColumnLayout {
                        id: statusColumn
                        anchors.fill: parent
                        anchors.margins: Theme.margin
                        spacing: Theme.spacing
                        BodyText {
                            objectName: "status_title"
                            Layout.fillWidth: true
                            text: screen.vm.statusTitle
                            font.pixelSize: Theme.display
                            font.weight: Font.Bold
                        }
                        BodyText {
                            objectName: "status_explanation"
                            Layout.fillWidth: true
                            text: screen.vm.explanation
                        }
                    }
                }

                Section {
                    heading: qsTr("What happens next")
                    BodyText {
                        objectName: "next_step"
                        Layout.fillWidth: true
                        text: screen.vm.nextStep
                    }
                }

                Section {
                    visible: screen.vm.missingDocuments.length > 0
                    heading: qsTr("Documents we still need")
                    ColumnLayout {
                        objectName: "missing_documents"
                        Layout.fillWidth: true
                        spacing: Math.round(Theme.spacing / 2)
                        Repeater {
                            model: screen.vm.missingDocuments
                            delegate: RowLayout {
                                required property string modelData
                                Layout.fillWidth: true
                                spacing: Theme.spacing
                                Rectangle {
                                    Layout.alignment: Qt.AlignTop
                                    Layout.topMargin: Math.round(Theme.body * 0.35)
                                    Layout.preferredWidth: Math.round(Theme.body * 0.6)
                                    Layout.preferredHeight: Layout.preferredWidth
                                    color: "transparent"
                                    border.color: Theme.text
                                    border.width: 3
                                }
                                BodyText {
                                    objectName: "missing_document"
                                    Layout.fillWidth: true
                                    text: modelData
                                }
                            }
                        }
                    }
                    BigButton {
                        objectName: "open_checklist"
                        Layout.fillWidth: true
                        Layout.topMargin: Math.round(Theme.spacing / 2)
                        primary: true
                        text: qsTr("Print or show checklist")
                        onClicked: screen.checklistVm.openForCase()
                    }
                }

                AppointmentsSection {
                    Layout.fillWidth: true
                    resultVm: screen.vm
                    bookingVm: screen.bookingVm
                }

                Rectangle {
                    visible: screen.vm.fiktionText !== ""
                    Layout.fillWidth: true
                    Layout.preferredHeight: fiktion.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: Theme.surface
                    border.width: 3
                    border.color: screen.vm.fiktionValid ? Theme.toneGood : Theme.toneAction
                    BodyText {
                        id: fiktion
                        objectName: "fiktion"
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        text: screen.vm.fiktionText
                        font.weight: Font.DemiBold
                    }
                }

                // A walk-in ticket for today: urgent when the permit or Fiktion ends soon.
                BigButton {
                    objectName: "walk_in_from_case"
                    Layout.fillWidth: true
                    text: qsTr("Take a walk-in ticket for today")
                    onClicked: screen.flowVm.walkInTicketForCase()
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: Math.round(Theme.spacing / 3)
                    BodyText {
                        objectName: "permit_type"
                        Layout.fillWidth: true
                        text: qsTr("Application: {permit}").replace("{permit}", screen.vm.permitType)
                        color: Theme.textMuted
                        font.pixelSize: Theme.small
                    }
                    BodyText {
                        objectName: "changed_on"
                        Layout.fillWidth: true
                        text: screen.vm.changedOn
                        color: Theme.textMuted
                        font.pixelSize: Theme.small
                    }
                }

                RequestsSection {
                    Layout.fillWidth: true
                    formVm: screen.formVm
                }

                BigButton {
                    objectName: "start_form"
                    visible: screen.formVm !== null
                    Layout.fillWidth: true
                    text: qsTr("Make a request")
                    pixelSize: Theme.body
                    onClicked: screen.formVm.startForCase()
                }

                BigButton {
                    objectName: "result_questions"
                    Layout.fillWidth: true
                    Layout.topMargin: Theme.spacing
                    pixelSize: Theme.body
                    text: qsTr("Questions: answers from the office")
                    onClicked: screen.flowVm.questions()
                }

                BigButton {
                    objectName: "finish"
                    Layout.fillWidth: true
                    Layout.topMargin: Theme.spacing
                    primary: screen.vm.missingDocuments.length === 0
                    text: qsTr("Done")
                    pixelSize: Theme.title
                    onClicked: screen.flowVm.home()
                }
            }
        }
    }
}
